"""Generates register.csv: a small synthetic stay register (fictional citizens, seeded).

Run: python make_register.py   (the CSV is committed; this documents how it was made)
"""

import csv
import datetime as dt
import random

import refusion

OWN = str(refusion.defaults()["own_payment"]["value"])  # the published own payment per night
rng = random.Random(42)
rows = []
for c in range(1, 61):
    birth = dt.date(1958, 1, 1) + dt.timedelta(days=rng.randint(0, 365 * 45))
    t = dt.date(2025, 1, 1) + dt.timedelta(days=rng.randint(0, 420))
    rate = rng.choice(["1284.50", "1410.00", "985.00", "1650.00"])
    own = rng.choice([OWN, OWN, "0"])
    for _ in range(rng.choice([1, 1, 2, 3])):
        nights = rng.choice([rng.randint(3, 40), rng.randint(40, 120), rng.randint(120, 330)])
        end = t + dt.timedelta(days=nights)
        if end > dt.date(2026, 12, 31):
            break
        rows.append([f"K{c:03d}", birth.isoformat(), t.isoformat(), end.isoformat(), rate, own])
        t = end + dt.timedelta(days=rng.randint(10, 200))

with open("register.csv", "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f)
    w.writerow(["citizen_id", "birth_date", "admitted", "discharged", "daily_rate", "own_payment_per_night"])
    w.writerows(rows)
print(len(rows), "stays")
