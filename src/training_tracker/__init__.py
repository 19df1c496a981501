"""Training Tracker."""
