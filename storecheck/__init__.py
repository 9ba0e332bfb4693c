"""storecheck: computer-vision compliance checking for China Telecom service halls.

Data flow (folders follow it, dependencies point one way):
``vision`` (pixels -> objects and text) -> ``checks`` (objects and text -> findings and a score)
-> ``store`` (persisted results) -> ``api`` (HTTP, review page).
"""

__version__ = "0.1.0"
