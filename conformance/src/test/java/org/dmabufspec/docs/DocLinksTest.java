package org.dmabufspec.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Relative links in the repository's Markdown lead somewhere: the file exists, and so does the #anchor. */
class DocLinksTest {
    private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");
    private static final Pattern HEADING = Pattern.compile("(?m)^#{1,6} (.+)$");
    private static final Pattern ANCHOR = Pattern.compile("<a id=\"([^\"]+)\"></a>");

    @Test
    void everyRelativeLinkAndAnchorResolves() {
        Path root = RepoFiles.root();
        List<String> broken = new ArrayList<>();
        int links = 0;
        for (Path md : RepoFiles.textFiles()) {
            if (!md.toString().endsWith(".md")) {
                continue;
            }
            String text = RepoFiles.read(md);
            for (Matcher m = LINK.matcher(text); m.find(); ) {
                String target = m.group(1);
                if (target.matches("[a-z]+:.*")) {
                    continue; // http(s), mailto
                }
                links++;
                int hash = target.indexOf('#');
                String file = hash < 0 ? target : target.substring(0, hash);
                Path resolved = file.isEmpty() ? md : root.relativize(root.resolve(md).getParent().resolve(file).normalize());
                if (!Files.exists(root.resolve(resolved))) {
                    broken.add(md + ": " + target + " (no " + resolved + ")");
                } else if (hash >= 0 && resolved.toString().endsWith(".md")
                        && !anchors(RepoFiles.read(resolved)).contains(target.substring(hash + 1))) {
                    broken.add(md + ": " + target + " (no anchor in " + resolved + ")");
                }
            }
        }
        assertTrue(links > 50, "found only " + links + " links");
        assertEquals(List.of(), broken);
    }

    /** GitHub's heading ids (lower case, punctuation dropped, spaces to '-') and explicit a-id anchors. */
    static Set<String> anchors(String markdown) {
        Set<String> out = new HashSet<>();
        for (Matcher m = HEADING.matcher(markdown); m.find(); ) {
            out.add(m.group(1).strip().toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-'));
        }
        ANCHOR.matcher(markdown).results().forEach(m -> out.add(m.group(1)));
        return out;
    }
}
