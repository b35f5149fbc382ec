"""Stage 4, outputs: the output step (reuse, write, hash, record), ket_qua.json, the manifest."""
