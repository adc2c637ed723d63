"""Uploaded files are untrusted: what each really is, and the refusal of those that must not be stored or served.

One set of rules for every way a file arrives (the admin's document forms, the multiple and chooser uploads, Wagtail's
API, the importer, the text extraction of resources): `refusals` (the error and what editors read), `sniffing` (the
real type of a file, whatever its name), `plain` (CSV and TXT), `archives` (Office files), `pdfs` (scripts and
actions in a PDF), `checks` (the rule for a document, where it is enforced and when a PDF may be shown inline),
`forms` (the admin's document form).
"""
