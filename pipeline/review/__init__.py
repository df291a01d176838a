"""The analysts' review page: browse targets beside their source sentences, record decisions, compare years."""
