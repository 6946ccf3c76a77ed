"""Knowledge products (issue 14): the products of a program and its initiatives with their
checked files, who may read them (dissemination level and named groups), their use (views
and downloads per institution, later uses) and the product-use report; also the search page
and `/api/v1/search/` over the index of `alianza.search`."""
