package ai.elevare.qa;

import ai.elevare.text.Text;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The vocabulary that tells which of the platform's subjects a question is about, and the
 * vocabulary of questions that are not about studying at all. Words are stored stemmed, the way
 * {@link Text#terms} produces them.
 */
final class SubjectLexicon {

  private SubjectLexicon() {}

  static final Map<String, Set<String>> SUBJECTS = new LinkedHashMap<>();

  static {
    SUBJECTS.put(
        "math",
        stems(
            "math maths mathematics algebra equation equations solve variable fraction fractions"
                + " decimal percent percentage ratio proportion derivative derivatives"
                + " differentiate integral integrate calculus limit graph slope intercept linear"
                + " quadratic polynomial factor factorise factorize expand simplify exponent"
                + " exponents logarithm log logs root roots square cube triangle triangles angle"
                + " angles circle radius diameter circumference area perimeter pythagoras"
                + " pythagorean theorem hypotenuse sine cosine tangent trigonometry geometry"
                + " probability statistics mean median average sum quotient multiply divide"
                + " division multiplication addition subtraction integer integers prime primes"
                + " matrix matrices sequence series arithmetic inequality inequalities coefficient"
                + " denominator numerator parabola asymptote polygon rectangle gradient multiple"
                + " divisible factorial permutation combination"));
    SUBJECTS.put(
        "chemistry",
        stems(
            "chemistry chemical chemicals atom atoms atomic molecule molecules molecular element"
                + " elements compound compounds mixture reaction reactions reactant reactants bond"
                + " bonds ionic covalent electron electrons proton protons neutron neutrons ion"
                + " ions isotope isotopes periodic valence acid acids base bases ph salt salts mole"
                + " moles molar molarity concentration solute solvent oxidation reduction redox"
                + " catalyst equilibrium enthalpy exothermic endothermic stoichiometry balance"
                + " balancing titration alkali alkane alkene organic hydrocarbon polymer noble"
                + " metal metals halogen electrolysis combustion precipitate oxide hydrogen oxygen"
                + " carbon sodium chloride nitrogen helium"));
    SUBJECTS.put(
        "physics",
        stems(
            "physics force forces mass acceleration velocity speed momentum energy kinetic"
                + " potential gravity gravitational newton newtons friction motion inertia wave"
                + " waves frequency wavelength amplitude light sound reflection refraction lens"
                + " mirror electricity electric current voltage resistance ohm circuit circuits"
                + " charge magnet magnetic field pressure density heat temperature thermal joule"
                + " joules watt watts pendulum projectile orbit quantum relativity nuclear"
                + " radioactive radioactivity radiation displacement torque power doppler astronomy"
                + " star stars planet planets galaxy universe telescope black hole ammeter"
                + " voltmeter transformer electromagnetic spectrum photon"));
    SUBJECTS.put(
        "biology",
        stems(
            "biology cell cells nucleus mitochondria mitochondrion chloroplast chloroplasts"
                + " photosynthesis respiration dna rna gene genes genetic genetics chromosome"
                + " chromosomes mitosis meiosis protein proteins enzyme enzymes organism organisms"
                + " species evolution selection ecosystem predator prey bacteria virus viruses"
                + " immune organ organs tissue tissues heart blood lung lungs digestion digestive"
                + " nervous neuron neurons hormone hormones plant plants animal animals membrane"
                + " osmosis diffusion allele alleles dominant recessive heredity inheritance"
                + " ecology habitat biodiversity fungi taxonomy anatomy kidney liver brain glucose"
                + " ribosome vaccine antibodies krebs atp metabolism leaf leaves chlorophyll"
                + " decomposer decomposers crispr"));
    SUBJECTS.put(
        "english",
        stems(
            "english grammar noun nouns verb verbs adjective adjectives adverb adverbs pronoun"
                + " pronouns preposition conjunction sentence sentences clause clauses phrase"
                + " predicate tense tenses punctuation comma semicolon colon apostrophe spelling"
                + " spell vocabulary synonym antonym metaphor simile personification alliteration"
                + " poem poems poetry poet novel essay paragraph thesis narrative character"
                + " characters plot theme setting shakespeare literature author rhyme stanza irony"
                + " tone passive voice plural singular participle infinitive hamlet macbeth romeo"
                + " juliet sonnet figurative onomatopoeia hyperbole persuasive grammatical word"
                + " words writing gerund oxymoron modifier idiom dialogue"));
  }

  /** Not study questions: everyday topics the platform does not teach. */
  static final Set<String> OFF_TOPIC =
      stems(
          "weather forecast football soccer basketball baseball tennis cricket nba nfl fifa movie"
              + " movies film films netflix song songs singer celebrity celebrities election"
              + " politics politician recipe cook cooking restaurant pizza burger joke jokes funny"
              + " bitcoin crypto stock stocks lottery shopping dating girlfriend boyfriend crush"
              + " instagram tiktok youtube minecraft fortnite roblox vacation holiday flight hotel"
              + " horoscope zodiac betting bet weekend birthday anime meme memes league playoffs"
              + " championship superbowl wifi phone iphone android password hack hacking cheat");

  /** Words that name a whole subject or schoolwork in general: alone they ask nothing specific. */
  static final Set<String> BROAD =
      stems(
          "math maths mathematics chemistry physics biology english science homework question"
              + " questions problem problems test exam exams topic topics lesson lessons class"
              + " stuff subject assignment worksheet");

  static final List<String> ALL = List.copyOf(SUBJECTS.keySet());

  private static Set<String> stems(String words) {
    Set<String> out = new HashSet<>();
    for (String w : words.split("\\s+")) {
      out.add(Text.stem(w));
    }
    return Set.copyOf(out);
  }
}
