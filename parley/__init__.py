"""Parley: the platform a neutral host runs for direct negotiations between parties."""
