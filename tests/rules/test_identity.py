import pytest

from server.rules.identity import InvalidIdNumber, check_cn_id, id_hash, mask

VALID = "11010519491231002X"  # the standard's own example


def test_a_valid_id_number_passes_its_check_digit():
    assert check_cn_id(" 11010519491231002x ") == VALID


@pytest.mark.parametrize("bad", ["110105194912310021", "1101051949123100", "11010519491331002X",
                                 "A1010519491231002X", ""])
def test_malformed_id_numbers_are_refused(bad):
    with pytest.raises(InvalidIdNumber):
        check_cn_id(bad)


def test_masking_shows_the_first_three_and_last_four():
    assert mask(VALID) == "110***********002X"
    assert mask("E1234") == "*****" and mask(None) is None


def test_the_block_list_hash_is_per_site_and_ignores_spacing_and_case():
    assert id_hash("s1", VALID) == id_hash("s1", VALID.lower().replace("1949", "1949 "))
    assert id_hash("s1", VALID) != id_hash("s2", VALID)
