"""The article table: the model over the workspace's documents, the filtering and sorting
proxy, its columns, and the list pane with its search bar."""
