# ---
# jupyter:
#   jupytext:
#     text_representation:
#       extension: .py
#       format_name: percent
#       format_version: '1.3'
#       jupytext_version: 1.16.4
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Exploring the survey
#
# We load the answers first.

# %%
import csv
rows = list(csv.reader(open("data.csv")))

# %% tags=["parameters"]
threshold = 5
