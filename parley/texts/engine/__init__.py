"""The text engine: the bracket notation, its metrics, redlines, amendments, HTML and Word.

Pure Python on purpose: nothing here imports Django (python-docx is the only outside
dependency), so the engine is tested, benchmarked and reused alone. The Django side
(models, actions, views) adapts database rows to it.
"""
