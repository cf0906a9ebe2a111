"""Forms of monitoring and accountability, by sub-domain (forms validate; actions write)."""

# The sections below are filled by sub-domain; keep each section's actions inside it.


# Places of detention, monitoring visits and teams -----------------------------------------
# (section: places)


# End of section: places -------------------------------------------------------------------


# Incidents and the people they affected ---------------------------------------------------
# (section: incidents)


# End of section: incidents ----------------------------------------------------------------


# Recommendations and their implementation -------------------------------------------------
# (section: recommendations)


# End of section: recommendations ----------------------------------------------------------
