//! Suggestions for slips: the known word a misspelt one was probably meant to be.

/// The candidate closest to `word`, if it is close enough to be a likely slip (case is ignored).
pub fn closest<'a>(word: &str, candidates: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    let lower = word.to_ascii_lowercase();
    candidates
        .filter(|candidate| *candidate != word)
        .map(|candidate| (strsim::damerau_levenshtein(&lower, &candidate.to_ascii_lowercase()), candidate))
        .filter(|(distance, candidate)| *distance <= (candidate.len() / 3).clamp(1, 3))
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, candidate)| candidate)
}

#[cfg(test)]
mod tests {
    use super::closest;

    #[test]
    fn a_slip_finds_the_word_and_a_stranger_finds_none() {
        let words = ["required", "offset", "items"];
        assert_eq!(closest("requird", words.into_iter()), Some("required"));
        assert_eq!(closest("OFSET", words.into_iter()), Some("offset"));
        assert_eq!(closest("limitParam", words.into_iter()), None);
        assert_eq!(closest("items", words.into_iter()), None);
    }
}
