"""The offline interviewer in Spanish, German, French and Hindi: lexicons, scorer, comments and report.

English keeps its own, more elaborate rule set (the modules beside this package); these languages share
one scorer driven by per-language data in data/offline_lang/<code>.json and the multilingual embedding
model. What the English rules do that has no counterpart here is listed in lexicon.py.
"""
