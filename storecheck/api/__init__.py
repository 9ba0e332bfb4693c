"""The HTTP service: upload API, results, review queue and the review web page."""
