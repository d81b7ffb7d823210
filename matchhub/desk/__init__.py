"""The collaboration desk: administrative issues, proposals, review, agreements, reports and
cases.
"""
