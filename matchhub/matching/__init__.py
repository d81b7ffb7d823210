"""Matching: ranking feed, the coordinator's queue, decisions, a match's life, exposure and
learning.
"""
