"""Typical cases and enforcement results (曝光台): editorial flow and pre-publication checks."""
