"""A small stand-in for pg2-dataset's seed-era API (FORMATS.md §A), enough for the guide's models.

The real pg2-dataset is not installable here (no package index); this module keeps its import names
(`from pg2_dataset.dataset import Dataset`, `pg2_dataset.splits`) so a model written for it runs
unchanged. It reads a seed `dataset.zip` (`manifest.toml` + `assays.csv`) with the standard library
and pandas, and splits the way pg2 for .NET does (seeded, see `splits`), so its numbers equal the
C# models' on the same archive.
"""
