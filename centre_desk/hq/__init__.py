"""Headquarters' side, GUI-free: reads the centres' packages and consolidates them. It never
opens a centre's database (a test checks that nothing here imports the models)."""
