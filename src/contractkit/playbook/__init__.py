"""Playbooks: score a contract against boundary positions and revise it to meet them."""
