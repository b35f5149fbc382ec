"""Stage 3, documents: .docx rendering, document contexts, charts, print pack, PDF, templates."""
