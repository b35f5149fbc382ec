"""Built-in .docx templates (package data) and the script that regenerates them."""
