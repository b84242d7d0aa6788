def read_letter(page, text, last):
    return None
