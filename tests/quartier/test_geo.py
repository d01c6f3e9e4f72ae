from quartier.geo import distance_m


def test_distance_is_the_great_circle_in_whole_metres():
    # One degree of latitude on a sphere of radius 6,371 km: 111,195 m.
    assert distance_m(51, 6.75, 52, 6.75) == 111_195
    # Hochfeld to Marxloh (district centres): 7,261 m north and 1,545 m east.
    assert distance_m("51.4206", "6.7578", "51.4859", "6.7801") == 7_424
    assert distance_m(51.42, 6.75, 51.42, 6.75) == 0
