"""Core layer: capture, OCR, input and communication."""
