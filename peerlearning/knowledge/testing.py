"""What the knowledge base's tests share."""

from typing import Any

# A member's practice as the form posts it (title, summary and one source are required).
PRACTICE_DRAFT: dict[str, Any] = {
    "title": "Community reporting in Chiang Mai",
    "summary": "People report to a community centre instead of being held.",
    "description": "",
    "country": "TH",
    "region": "asia-pacific",
    "target_groups": ["families"],
    "years": "2023-",
    "outcomes": "",
    "sources": "Centre report | https://example.org/centre",
    "language": "en",
    "stage": "pilot",
    "place": "Chiang Mai",
}
