"""Issues organizations post, and the search that finds them."""
