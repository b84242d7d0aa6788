from kavosh.cli import main

main()
