"""The corpus generators: each ``gen_*`` module's ``cases()``, written by :mod:`tools.corpus.generate`."""
