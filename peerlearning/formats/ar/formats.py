"""Arabic dates and numbers: day, month, year in Arabic order, separated by the Arabic comma.

Django's own ar formats give no DATETIME_FORMAT, so dates with a time fell back to the English
"N j, Y, P" ("يناير 20, 2027, 2 م"), with Latin commas in an Arabic sentence.
"""

DATE_FORMAT = "j F Y"
TIME_FORMAT = "P"  # "2 م", "2:30 م"
DATETIME_FORMAT = "j F Y، P"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j F"
SHORT_DATE_FORMAT = "d‏/m‏/Y"
SHORT_DATETIME_FORMAT = "d‏/m‏/Y، P"
FIRST_DAY_OF_WEEK = 6  # Saturday
DECIMAL_SEPARATOR = "٫"
THOUSAND_SEPARATOR = "٬"
NUMBER_GROUPING = 3
