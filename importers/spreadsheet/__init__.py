"""The Kooperacja spreadsheet: template, example, reading, validation and import.

``schema`` defines the sheets and columns; ``template`` writes the template
(XLSX or CSV) and its README; ``example`` holds the shipped example network;
``reader`` + ``validate`` + ``importer`` load a filled-in spreadsheet.
"""
