"""Each source's sport names, mapped to ours; anything unknown is `other`."""

from __future__ import annotations

import re

from training_tracker.domain.load import Sport

# FIT profile `sport` values (as fitdecode names them), and the sub-sports that change ours.
_FIT: dict[str, Sport] = {
    "running": Sport.RUN,
    "cycling": Sport.RIDE,
    "e_biking": Sport.RIDE,
    "swimming": Sport.SWIM,
    "rowing": Sport.ROW,
    "paddling": Sport.ROW,
    "kayaking": Sport.ROW,
    "walking": Sport.WALK,
    "hiking": Sport.HIKE,
    "mountaineering": Sport.HIKE,
    "cross_country_skiing": Sport.SKI,
    "alpine_skiing": Sport.SKI,
    "snowboarding": Sport.SKI,
    "training": Sport.OTHER,
}
_FIT_SUB: dict[str, Sport] = {
    "strength_training": Sport.STRENGTH,
    "indoor_rowing": Sport.ROW,
    "indoor_walking": Sport.WALK,
    "backcountry": Sport.SKI,
    "skate_skiing": Sport.SKI,
}

# Free-text names: GPX `<type>`, TCX `Sport` attribute, Strava "Activity Type", our own CSV.
_WORDS: dict[str, Sport] = {
    "run": Sport.RUN,
    "running": Sport.RUN,
    "trailrun": Sport.RUN,
    "virtualrun": Sport.RUN,
    "treadmill": Sport.RUN,
    "ride": Sport.RIDE,
    "biking": Sport.RIDE,
    "cycling": Sport.RIDE,
    "bike": Sport.RIDE,
    "virtualride": Sport.RIDE,
    "ebikeride": Sport.RIDE,
    "mountainbikeride": Sport.RIDE,
    "gravelride": Sport.RIDE,
    "swim": Sport.SWIM,
    "swimming": Sport.SWIM,
    "row": Sport.ROW,
    "rowing": Sport.ROW,
    "kayaking": Sport.ROW,
    "canoeing": Sport.ROW,
    "walk": Sport.WALK,
    "walking": Sport.WALK,
    "hike": Sport.HIKE,
    "hiking": Sport.HIKE,
    "ski": Sport.SKI,
    "skiing": Sport.SKI,
    "alpineski": Sport.SKI,
    "backcountryski": Sport.SKI,
    "nordicski": Sport.SKI,
    "crosscountryskiing": Sport.SKI,
    "strength": Sport.STRENGTH,
    "weighttraining": Sport.STRENGTH,
    "strengthtraining": Sport.STRENGTH,
}


def from_fit(sport: object, sub_sport: object = None) -> Sport:
    if isinstance(sub_sport, str) and sub_sport in _FIT_SUB:
        return _FIT_SUB[sub_sport]
    return _FIT.get(sport, Sport.OTHER) if isinstance(sport, str) else Sport.OTHER


def from_name(name: str | None) -> Sport:
    """`Trail Run`, `trail_run`, `TrailRun` and `running` all read as run."""
    if not name:
        return Sport.OTHER
    word = re.sub(r"[^a-z]", "", name.lower())
    return _WORDS.get(word, Sport.OTHER)
