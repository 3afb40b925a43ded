"""Key terms: normalising figures (normalize), finding terms (extract), their model."""
