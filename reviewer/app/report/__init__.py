"""The consistency report in the window: the Report panel, its searches, its fixes."""
