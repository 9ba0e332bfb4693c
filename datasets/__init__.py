"""Synthetic training data for the storecheck detector (a tool; not part of the runtime wheel).

``python -m datasets.generate --out data/synth --train 1000 --val 250 --seed 1`` writes an
ultralytics YOLO dataset (images/, labels/, data.yaml) plus ``truth.jsonl``: per image, the zone,
the staff and their badges, signs, posters and tools drawn, so the accuracy script can score the
engine's verdicts, not only its boxes.
"""
