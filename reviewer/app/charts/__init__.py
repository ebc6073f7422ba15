"""View ▸ Charts: the collection and its backlog drawn with pyqtgraph (``core/charts`` counts).

``plots.py`` holds the four charts (the backlog per day or week, the published share by
provider, the quality and heat histograms), ``dock.py`` the feature: the dock, its action,
the counting in a worker while the dock is visible, and clicks that narrow the search.
Only ``pyqtgraph.PlotWidget`` and its graphics items are used (no OpenGL, no printing, no
SVG export), so the bundle's excluded Qt modules are never needed.
"""
