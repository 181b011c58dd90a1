/* html_tree.c - the helpers of html_tree.h over libxml2's HTML tree,
 * shared by the HTML parsers in indexer/parse/. */
#include "html_tree.h"

#include <stdlib.h>
#include <string.h>

#include "chars.h"

xmlNodePtr html_walk_next(xmlNodePtr n, xmlNodePtr root, int descend)
{
    if (descend && n->children != NULL && n->type == XML_ELEMENT_NODE)
        return n->children;
    while (n != root && n->next == NULL)
        n = n->parent;
    return n == root ? NULL : n->next;
}

int html_is_element(xmlNodePtr n, const char *name)
{
    return n != NULL && n->type == XML_ELEMENT_NODE &&
           strcmp((const char *)n->name, name) == 0;
}

char *html_attr(xmlNodePtr n, const char *name)
{
    return (char *)xmlGetProp(n, (const xmlChar *)name);
}

char *html_collapse(const char *s, size_t max)
{
    size_t n = 0, len = strlen(s);
    char *out = malloc(len + 1);

    if (out == NULL)
        return NULL;
    for (size_t i = 0; i < len; i++) {
        int nbsp = (unsigned char)s[i] == 0xC2 && (unsigned char)s[i + 1] == 0xA0;
        if (chars_is_space((unsigned char)s[i]) || nbsp) {
            i += nbsp;
            if (n > 0 && out[n - 1] != ' ')
                out[n++] = ' ';
        } else {
            out[n++] = s[i];
        }
    }
    while (n > 0 && out[n - 1] == ' ')
        n--;
    if (max > 0 && n > max) {
        n = max;
        while (n > 0 && ((unsigned char)out[n] & 0xC0) == 0x80)
            n--;
    }
    out[n] = '\0';
    if (n == 0) {
        free(out);
        return NULL;
    }
    return out;
}
