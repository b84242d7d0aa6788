"""Read models over a case: search results, status, a document's view."""
