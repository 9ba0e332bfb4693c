"""Store reports: one store's week (scores per day and camera, rules most broken, orders,
camera health, the store's workwear per day) as XLSX, CSV or a printable HTML page
(``storecheck report``, and ``GET /api/v1/stores/{id}/report``)."""
