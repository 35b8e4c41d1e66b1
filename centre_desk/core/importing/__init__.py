"""Importing the centre's own register: readers per format, the column and value mapping, the dry
run as plain data, the import in one transaction (and its undo), the report, past attendance.

The dialog, the command line and the tests all stand on these modules; none imports Qt."""
