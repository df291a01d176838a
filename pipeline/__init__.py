"""chitieu pipeline: documents in, a normalised table of targets, deadlines and assignments out."""

__version__ = "0.1.0"
