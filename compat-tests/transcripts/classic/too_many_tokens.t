# a storage line with many tokens
>>> set x 0 0 1 a b c d e f g h\r\nv\r\n
<<< ERROR\r\n
<<< ERROR\r\n
>>> get x a b c d e f g h i j k l m n o p q r s t u v w x y z\r\n
<<< END\r\n
