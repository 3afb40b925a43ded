"""Clauses: the tree (segment), the categories (taxonomy), the labels (classify)."""
