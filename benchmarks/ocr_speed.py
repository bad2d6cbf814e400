#!/usr/bin/env python3
"""OCR pages/s against the plain `tesseract` command line, and 2 workers vs 1 (docs/ocr.md).

    .venv/bin/python benchmarks/ocr_speed.py [--pages 12] [--rounds 2] [--out benchmarks/results-ocr.json]
"""
from samverkan.ingest.ocr_benchmark import main

if __name__ == "__main__":
    main()
