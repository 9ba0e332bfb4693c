"""Procedural drawing of the things the detector must find, one module per kind of object."""
