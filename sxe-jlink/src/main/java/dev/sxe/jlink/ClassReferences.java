package dev.sxe.jlink;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The packages a jar's classes refer to, read from their constant pools (class entries and type
 * descriptors). It is the input jdeps decides modules from, reduced to what changes rarely: a
 * code change that calls nothing new refers to the same packages, so {@link ModuleDetector}
 * can reuse its answer without running jdeps. Over-approximation (a string literal that looks
 * like a descriptor) only makes the key change more often; it never changes the modules.
 */
final class ClassReferences {

  private static final Pattern DESCRIPTOR_CLASS = Pattern.compile("L([\\w$/]+);");

  private ClassReferences() {}

  static SortedSet<String> packages(Path jar) throws IOException {
    SortedSet<String> packages = new TreeSet<>();
    try (JarFile j = new JarFile(jar.toFile())) {
      for (Enumeration<JarEntry> en = j.entries(); en.hasMoreElements(); ) {
        JarEntry e = en.nextElement();
        if (e.isDirectory() || !e.getName().endsWith(".class")) {
          continue;
        }
        try (InputStream in = j.getInputStream(e)) {
          scan(in.readAllBytes(), packages);
        }
      }
    }
    return packages;
  }

  /** Adds the packages {@code classFile} refers to; a file that is not a class adds a marker. */
  static void scan(byte[] classFile, SortedSet<String> packages) throws IOException {
    DataInputStream in = new DataInputStream(new ByteArrayInputStream(classFile));
    if (classFile.length < 10 || in.readInt() != 0xCAFEBABE) {
      packages.add("?not-a-class");
      return;
    }
    in.readUnsignedShort();
    in.readUnsignedShort();
    int count = in.readUnsignedShort();
    String[] utf8 = new String[count];
    int[] classNames = new int[count];
    int classes = 0;
    for (int i = 1; i < count; i++) {
      int tag = in.readUnsignedByte();
      switch (tag) {
        case 1 -> utf8[i] = in.readUTF();
        case 7 -> classNames[classes++] = in.readUnsignedShort();
        case 8, 16, 19, 20 -> in.readUnsignedShort();
        case 3, 4, 9, 10, 11, 12, 17, 18 -> in.readInt();
        case 15 -> {
          in.readUnsignedByte();
          in.readUnsignedShort();
        }
        case 5, 6 -> {
          in.readLong();
          i++;
        }
        default -> {
          packages.add("?constant-tag-" + tag);
          return;
        }
      }
    }
    for (int k = 0; k < classes; k++) {
      String name = utf8[classNames[k]];
      if (name != null) {
        addClass(name.startsWith("[") ? "" : name, packages);
        addDescriptors(name, packages);
      }
    }
    for (String s : utf8) {
      if (s != null && s.indexOf(';') > 0) {
        addDescriptors(s, packages);
      }
    }
  }

  private static void addDescriptors(String s, SortedSet<String> packages) {
    Matcher m = DESCRIPTOR_CLASS.matcher(s);
    while (m.find()) {
      addClass(m.group(1), packages);
    }
  }

  private static void addClass(String internalName, SortedSet<String> packages) {
    int slash = internalName.lastIndexOf('/');
    if (slash > 0) {
      packages.add(internalName.substring(0, slash));
    }
  }
}
