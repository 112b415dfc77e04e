"""Response headers that belong to no app."""


class AdminNoIndexMiddleware:
    """The admin is never indexed, even if a crawler ignores robots.txt."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.path.startswith("/admin/"):
            response["X-Robots-Tag"] = "noindex, nofollow"
        return response
