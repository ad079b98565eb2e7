"""What the review publishes besides its pages: the data downloads and the PDF report."""
