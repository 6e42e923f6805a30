"""The catalogues: forms, themes and materials, as plain values and as tables, with the shipped data."""
