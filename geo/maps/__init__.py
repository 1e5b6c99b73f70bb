"""Drawing: choropleth styles, the Leaflet map, tile map, grid map, standalone views, project markers, charts.

The top wing: it may import every other wing.
"""
