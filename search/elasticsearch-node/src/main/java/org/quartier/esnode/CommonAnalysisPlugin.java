package org.quartier.esnode;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.text.ParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.charfilter.MappingCharFilter;
import org.apache.lucene.analysis.charfilter.NormalizeCharMap;
import org.apache.lucene.analysis.compound.DictionaryCompoundWordTokenFilter;
import org.apache.lucene.analysis.de.GermanLightStemFilter;
import org.apache.lucene.analysis.de.GermanMinimalStemFilter;
import org.apache.lucene.analysis.de.GermanNormalizationFilter;
import org.apache.lucene.analysis.en.EnglishMinimalStemFilter;
import org.apache.lucene.analysis.en.PorterStemFilter;
import org.apache.lucene.analysis.miscellaneous.ASCIIFoldingFilter;
import org.apache.lucene.analysis.ngram.EdgeNGramTokenFilter;
import org.apache.lucene.analysis.ngram.EdgeNGramTokenizer;
import org.apache.lucene.analysis.ngram.NGramTokenizer;
import org.apache.lucene.analysis.snowball.SnowballFilter;
import org.apache.lucene.analysis.synonym.SolrSynonymParser;
import org.apache.lucene.analysis.synonym.SynonymGraphFilter;
import org.apache.lucene.analysis.synonym.SynonymMap;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.env.Environment;
import org.elasticsearch.index.IndexService.IndexCreationContext;
import org.elasticsearch.index.IndexSettings;
import org.elasticsearch.index.analysis.AbstractCharFilterFactory;
import org.elasticsearch.index.analysis.AbstractTokenFilterFactory;
import org.elasticsearch.index.analysis.AbstractTokenizerFactory;
import org.elasticsearch.index.analysis.Analysis;
import org.elasticsearch.index.analysis.AnalysisMode;
import org.elasticsearch.index.analysis.CharFilterFactory;
import org.elasticsearch.index.analysis.NormalizingCharFilterFactory;
import org.elasticsearch.index.analysis.NormalizingTokenFilterFactory;
import org.elasticsearch.index.analysis.PreConfiguredTokenFilter;
import org.elasticsearch.index.analysis.TokenFilterFactory;
import org.elasticsearch.index.analysis.TokenizerFactory;
import org.elasticsearch.indices.analysis.AnalysisModule.AnalysisProvider;
import org.elasticsearch.plugins.AnalysisPlugin;
import org.elasticsearch.plugins.Plugin;

import static org.elasticsearch.plugins.AnalysisPlugin.requiresAnalysisSettings;

/**
 * The analysis components that the official distribution ships in its
 * analysis-common module and that Quartier's index uses, under the same names
 * and settings, written on Lucene's own filters. Elastic does not publish that
 * module to Maven Central; with this plugin the same index definition works on
 * this node and on the official image. A setting we do not support is an
 * error, never silently ignored.
 */
public class CommonAnalysisPlugin extends Plugin implements AnalysisPlugin {

    @Override
    public Map<String, AnalysisProvider<CharFilterFactory>> getCharFilters() {
        return Map.of("mapping", requiresAnalysisSettings((indexSettings, env, name, settings) -> new MappingCharFilterFactory(env, name, settings)));
    }

    @Override
    public Map<String, AnalysisProvider<TokenFilterFactory>> getTokenFilters() {
        return Map.of(
            "asciifolding", requiresAnalysisSettings((indexSettings, env, name, settings) -> new FoldingFactory(name, settings)),
            "german_normalization", requiresAnalysisSettings((indexSettings, env, name, settings) -> new GermanNormalizationFactory(name, settings)),
            "stemmer", requiresAnalysisSettings((indexSettings, env, name, settings) -> new StemmerFactory(name, settings)),
            "dictionary_decompounder", requiresAnalysisSettings((indexSettings, env, name, settings) -> new DecompounderFactory(env, name, settings)),
            "synonym_graph", requiresAnalysisSettings((indexSettings, env, name, settings) -> new SynonymGraphFactory(env, name, settings)),
            "edge_ngram", requiresAnalysisSettings((indexSettings, env, name, settings) -> new EdgeNGramFilterFactory(indexSettings, name, settings))
        );
    }

    @Override
    public Map<String, AnalysisProvider<TokenizerFactory>> getTokenizers() {
        return Map.of(
            "ngram", requiresAnalysisSettings((indexSettings, env, name, settings) -> new NGramTokenizerFactory(indexSettings, name, settings, false)),
            "edge_ngram", requiresAnalysisSettings((indexSettings, env, name, settings) -> new NGramTokenizerFactory(indexSettings, name, settings, true))
        );
    }

    @Override
    public List<PreConfiguredTokenFilter> getPreConfiguredTokenFilters() {
        return List.of(
            PreConfiguredTokenFilter.singleton("asciifolding", true, ASCIIFoldingFilter::new),
            PreConfiguredTokenFilter.singleton("german_normalization", true, GermanNormalizationFilter::new),
            PreConfiguredTokenFilter.singleton("german_stem", false, GermanLightStemFilter::new)
        );
    }

    // --- char filters -----------------------------------------------------------

    static final class MappingCharFilterFactory extends AbstractCharFilterFactory implements NormalizingCharFilterFactory {
        private final NormalizeCharMap map;

        MappingCharFilterFactory(Environment env, String name, Settings settings) {
            super(name);
            List<String> rules = Analysis.getWordList(env, settings, "mappings");
            if (rules == null) {
                throw new IllegalArgumentException("mapping requires either `mappings` or `mappings_path` to be configured");
            }
            NormalizeCharMap.Builder builder = new NormalizeCharMap.Builder();
            for (String rule : rules) {
                int arrow = rule.indexOf("=>");
                if (arrow < 0) {
                    throw new IllegalArgumentException("Invalid mapping rule: [" + rule + "]");
                }
                String from = unescape(rule.substring(0, arrow).trim());
                String to = unescape(rule.substring(arrow + 2).trim());
                if (from.isEmpty()) {
                    throw new IllegalArgumentException("Invalid mapping rule: [" + rule + "]");
                }
                builder.add(from, to);
            }
            map = builder.build();
        }

        private static String unescape(String text) {
            StringBuilder out = new StringBuilder();
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c == '\\' && i + 1 < text.length()) {
                    char next = text.charAt(++i);
                    switch (next) {
                        case 'n' -> out.append('\n');
                        case 't' -> out.append('\t');
                        case 'r' -> out.append('\r');
                        case 'u' -> {
                            out.append((char) Integer.parseInt(text.substring(i + 1, i + 5), 16));
                            i += 4;
                        }
                        default -> out.append(next);
                    }
                } else {
                    out.append(c);
                }
            }
            return out.toString();
        }

        @Override
        public Reader create(Reader reader) {
            return new MappingCharFilter(map, reader);
        }
    }

    // --- token filters ----------------------------------------------------------

    static final class FoldingFactory extends AbstractTokenFilterFactory implements NormalizingTokenFilterFactory {
        private final boolean preserveOriginal;

        FoldingFactory(String name, Settings settings) {
            super(name, settings);
            preserveOriginal = settings.getAsBoolean("preserve_original", false);
        }

        @Override
        public TokenStream create(TokenStream stream) {
            return new ASCIIFoldingFilter(stream, preserveOriginal);
        }

        @Override
        public TokenStream normalize(TokenStream stream) {
            return new ASCIIFoldingFilter(stream, false);
        }
    }

    static final class GermanNormalizationFactory extends AbstractTokenFilterFactory implements NormalizingTokenFilterFactory {
        GermanNormalizationFactory(String name, Settings settings) {
            super(name, settings);
        }

        @Override
        public TokenStream create(TokenStream stream) {
            return new GermanNormalizationFilter(stream);
        }
    }

    static final class StemmerFactory extends AbstractTokenFilterFactory {
        private final Function<TokenStream, TokenStream> stemmer;

        StemmerFactory(String name, Settings settings) {
            super(name, settings);
            String language = settings.get("language", settings.get("name", "english")).toLowerCase(Locale.ROOT);
            stemmer = switch (language) {
                case "light_german" -> GermanLightStemFilter::new;
                case "minimal_german" -> GermanMinimalStemFilter::new;
                case "german" -> stream -> new SnowballFilter(stream, new org.tartarus.snowball.ext.German2Stemmer());
                case "english", "porter" -> PorterStemFilter::new;
                case "minimal_english" -> EnglishMinimalStemFilter::new;
                case "turkish" -> stream -> new SnowballFilter(stream, new org.tartarus.snowball.ext.TurkishStemmer());
                case "romanian" -> stream -> new SnowballFilter(stream, new org.tartarus.snowball.ext.RomanianStemmer());
                case "arabic" -> org.apache.lucene.analysis.ar.ArabicStemFilter::new;
                case "bulgarian" -> org.apache.lucene.analysis.bg.BulgarianStemFilter::new;
                default -> throw new IllegalArgumentException("stemmer language [" + language + "] is not supported by this node");
            };
        }

        @Override
        public TokenStream create(TokenStream stream) {
            return stemmer.apply(stream);
        }
    }

    static final class DecompounderFactory extends AbstractTokenFilterFactory {
        private final CharArraySet words;
        private final int minWordSize;
        private final int minSubwordSize;
        private final int maxSubwordSize;
        private final boolean onlyLongestMatch;

        DecompounderFactory(Environment env, String name, Settings settings) {
            super(name, settings);
            words = Analysis.getWordSet(env, settings, "word_list");
            if (words == null) {
                throw new IllegalArgumentException("word_list must be provided for [" + name + "], either as a path to a file, or directly");
            }
            minWordSize = settings.getAsInt("min_word_size", CompoundDefaults.MIN_WORD_SIZE);
            minSubwordSize = settings.getAsInt("min_subword_size", CompoundDefaults.MIN_SUBWORD_SIZE);
            maxSubwordSize = settings.getAsInt("max_subword_size", CompoundDefaults.MAX_SUBWORD_SIZE);
            onlyLongestMatch = settings.getAsBoolean("only_longest_match", false);
        }

        @Override
        public TokenStream create(TokenStream stream) {
            return new DictionaryCompoundWordTokenFilter(stream, words, minWordSize, minSubwordSize, maxSubwordSize, onlyLongestMatch);
        }
    }

    /** Lucene's defaults for compound word filters. */
    static final class CompoundDefaults {
        static final int MIN_WORD_SIZE = 5;
        static final int MIN_SUBWORD_SIZE = 2;
        static final int MAX_SUBWORD_SIZE = 15;
    }

    static final class EdgeNGramFilterFactory extends AbstractTokenFilterFactory {
        private final int minGram;
        private final int maxGram;
        private final boolean preserveOriginal;

        EdgeNGramFilterFactory(IndexSettings indexSettings, String name, Settings settings) {
            super(name, settings);
            minGram = settings.getAsInt("min_gram", 1);
            maxGram = settings.getAsInt("max_gram", 2);
            preserveOriginal = settings.getAsBoolean("preserve_original", false);
        }

        @Override
        public TokenStream create(TokenStream stream) {
            return new EdgeNGramTokenFilter(stream, minGram, maxGram, preserveOriginal);
        }
    }

    /**
     * Synonym rules in Solr's format, analysed by the chain before this filter
     * (as Elasticsearch does). With `lenient`, a rule that the chain cannot
     * parse (for example one that is only a stop word) is skipped. With
     * `updateable`, the filter is search-time only, so the analyzers using it
     * are reloadable: `_reload_search_analyzers` builds them anew and reads
     * `synonyms_path` again (the coordination team's Suchbegriffe).
     */
    static final class SynonymGraphFactory extends AbstractTokenFilterFactory {
        private final List<String> rules;
        private final boolean lenient;
        private final boolean expand;
        private final boolean updateable;
        private final SynonymMap map;

        SynonymGraphFactory(Environment env, String name, Settings settings) {
            this(name, settings, readRules(env, settings), null);
        }

        private SynonymGraphFactory(String name, Settings settings, List<String> rules, SynonymMap map) {
            super(name, settings);
            this.rules = rules;
            this.lenient = settings.getAsBoolean("lenient", false);
            this.expand = settings.getAsBoolean("expand", true);
            this.updateable = settings.getAsBoolean("updateable", false);
            String format = settings.get("format", "solr");
            if (format.equals("solr") == false) {
                throw new IllegalArgumentException("synonym format [" + format + "] is not supported by this node");
            }
            this.map = map;
        }

        private static List<String> readRules(Environment env, Settings settings) {
            List<String> rules = Analysis.getWordList(env, settings, "synonyms");
            if (rules == null) {
                throw new IllegalArgumentException("synonym requires either `synonyms` or `synonyms_path` to be configured");
            }
            return rules;
        }

        @Override
        public TokenStream create(TokenStream stream) {
            if (map == null) {
                throw new IllegalStateException("synonym filter [" + name() + "] used outside an analysis chain");
            }
            return map.fst == null ? stream : new SynonymGraphFilter(stream, map, false);
        }

        @Override
        public AnalysisMode getAnalysisMode() {
            return updateable ? AnalysisMode.SEARCH_TIME : AnalysisMode.ALL;
        }

        @Override
        public TokenFilterFactory getChainAwareTokenFilterFactory(
            IndexCreationContext context,
            TokenizerFactory tokenizer,
            List<CharFilterFactory> charFilters,
            List<TokenFilterFactory> previousTokenFilters,
            Function<String, TokenFilterFactory> allFilters
        ) {
            Analyzer chain = new Analyzer() {
                @Override
                protected TokenStreamComponents createComponents(String field) {
                    Tokenizer source = tokenizer.create();
                    TokenStream stream = source;
                    for (TokenFilterFactory filter : previousTokenFilters) {
                        stream = filter.getSynonymFilter().create(stream);
                    }
                    return new TokenStreamComponents(source, stream);
                }

                @Override
                protected Reader initReader(String field, Reader reader) {
                    for (CharFilterFactory charFilter : charFilters) {
                        reader = charFilter.create(reader);
                    }
                    return reader;
                }
            };
            try {
                SolrSynonymParser parser = new SolrSynonymParser(true, expand, chain);
                for (String rule : rules) {
                    try {
                        parser.parse(new StringReader(rule));
                    } catch (ParseException | IllegalArgumentException e) {
                        if (lenient == false) {
                            throw new IllegalArgumentException("failed to build synonyms from rule [" + rule + "]", e);
                        }
                    }
                }
                return new SynonymGraphFactory(name(), settingsForCopy(), rules, parser.build());
            } catch (IOException e) {
                throw new IllegalArgumentException("failed to build synonyms", e);
            } finally {
                chain.close();
            }
        }

        private Settings settingsForCopy() {
            return Settings.builder().put("lenient", lenient).put("expand", expand).put("updateable", updateable).build();
        }

        @Override
        public TokenFilterFactory getSynonymFilter() {
            // Synonym rules are not themselves passed through other synonym filters.
            return IDENTITY_FILTER;
        }
    }

    // --- tokenizers -------------------------------------------------------------

    static final class NGramTokenizerFactory extends AbstractTokenizerFactory {
        private final int minGram;
        private final int maxGram;
        private final boolean edge;
        private final List<String> tokenChars;

        NGramTokenizerFactory(IndexSettings indexSettings, String name, Settings settings, boolean edge) {
            super(indexSettings, settings, name);
            this.edge = edge;
            minGram = settings.getAsInt("min_gram", 1);
            maxGram = settings.getAsInt("max_gram", 2);
            int maxDiff = indexSettings.getMaxNgramDiff();
            if (edge == false && maxGram - minGram > maxDiff) {
                throw new IllegalArgumentException(
                    "The difference between max_gram and min_gram in NGram Tokenizer must be less than or equal to: ["
                        + maxDiff
                        + "] but was ["
                        + (maxGram - minGram)
                        + "]. This limit can be set by changing the [index.max_ngram_diff] index level setting."
                );
            }
            tokenChars = settings.getAsList("token_chars", List.of());
            for (String kind : tokenChars) {
                if (List.of("letter", "digit", "whitespace", "punctuation", "symbol").contains(kind) == false) {
                    throw new IllegalArgumentException("Unknown token type: '" + kind + "' in token_chars of [" + name + "]");
                }
            }
        }

        private boolean matches(int codePoint) {
            if (tokenChars.isEmpty()) {
                return true;
            }
            int type = Character.getType(codePoint);
            for (String kind : tokenChars) {
                boolean hit = switch (kind) {
                    case "letter" -> Character.isLetter(codePoint);
                    case "digit" -> Character.isDigit(codePoint);
                    case "whitespace" -> Character.isWhitespace(codePoint);
                    case "punctuation" -> type == Character.START_PUNCTUATION
                        || type == Character.END_PUNCTUATION
                        || type == Character.DASH_PUNCTUATION
                        || type == Character.CONNECTOR_PUNCTUATION
                        || type == Character.OTHER_PUNCTUATION
                        || type == Character.INITIAL_QUOTE_PUNCTUATION
                        || type == Character.FINAL_QUOTE_PUNCTUATION;
                    case "symbol" -> type == Character.MATH_SYMBOL
                        || type == Character.CURRENCY_SYMBOL
                        || type == Character.MODIFIER_SYMBOL
                        || type == Character.OTHER_SYMBOL;
                    default -> false;
                };
                if (hit) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public Tokenizer create() {
            if (edge) {
                return new EdgeNGramTokenizer(minGram, maxGram) {
                    @Override
                    protected boolean isTokenChar(int chr) {
                        return matches(chr);
                    }
                };
            }
            return new NGramTokenizer(minGram, maxGram) {
                @Override
                protected boolean isTokenChar(int chr) {
                    return matches(chr);
                }
            };
        }
    }
}
